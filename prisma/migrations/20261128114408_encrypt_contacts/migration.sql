-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "erasedAt" TIMESTAMP(3),
ADD COLUMN     "keyId" TEXT,
ALTER COLUMN "value" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Contact_keyId_idx" ON "Contact"("keyId");
