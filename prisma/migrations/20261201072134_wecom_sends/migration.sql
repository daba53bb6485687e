-- CreateTable
CREATE TABLE "WeComSend" (
    "id" BIGSERIAL NOT NULL,
    "member" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WeComSend_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WeComSend_member_at_idx" ON "WeComSend"("member", "at");
