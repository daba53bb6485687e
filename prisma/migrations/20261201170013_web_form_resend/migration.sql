-- AlterTable
ALTER TABLE "WebSubmission" ADD COLUMN     "resentAt" TIMESTAMP(3),
ADD COLUMN     "sends" INTEGER NOT NULL DEFAULT 1;
