package io.pgvault.instance.protection;

import java.util.UUID;

/**
 * The answer to backup now and restore: the job is requested; follow it at job-service.
 *
 * @param jobId  the job's id
 * @param status always QUEUED
 * @param jobUrl the job at job-service (also the Location header)
 */
public record JobAccepted(UUID jobId, String status, String jobUrl) {}
