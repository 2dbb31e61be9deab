/**
 * Messages on {@link io.pgvault.contracts.Topics#JOB_EVENTS}, produced by job-service and consumed
 * by instance-service and retention-service.
 */
package io.pgvault.contracts.job;
