-- CreateTable
CREATE TABLE "registry_host" (
    "host" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "lastSuccessAt" TIMESTAMP(3),
    "lastErrorAt" TIMESTAMP(3),
    "lastErrorCode" TEXT,
    "lastErrorMessage" TEXT,
    "failingSince" TIMESTAMP(3),
    "retryUntil" TIMESTAMP(3),
    "requests" BIGINT NOT NULL DEFAULT 0,
    "errors" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "registry_host_pkey" PRIMARY KEY ("host")
);
