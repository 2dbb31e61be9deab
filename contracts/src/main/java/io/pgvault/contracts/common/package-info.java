/** Value types shared by several messages. */
package io.pgvault.contracts.common;
