/**
 * Messages on {@link io.pgvault.contracts.Topics#RETENTION_EVENTS}, produced by retention-service
 * and consumed by instance-service and job-service.
 */
package io.pgvault.contracts.retention;
