-- AlterTable
ALTER TABLE "Review" ADD COLUMN     "reason" TEXT;
