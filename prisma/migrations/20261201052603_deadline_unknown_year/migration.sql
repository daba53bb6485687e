-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "unknownYear" BOOLEAN NOT NULL DEFAULT false;
