/**
 * Messages exchanged between pgvault services over Kafka: topic names, CloudEvents headers, the
 * {@link io.pgvault.contracts.Event} interface and the {@link io.pgvault.contracts.EventTypes}
 * registry. Records are plain Java (no annotations); they serialize with Jackson 2.12+ when
 * compiled with {@code -parameters}.
 */
package io.pgvault.contracts;
