-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "workingMs" BIGINT;
