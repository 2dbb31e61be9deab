/**
 * Messages on {@link io.pgvault.contracts.Topics#INSTANCE_COMMANDS}, produced by instance-service
 * and consumed by job-service and retention-service.
 */
package io.pgvault.contracts.instance;
