package io.pgvault.instance.approval;

import jakarta.validation.constraints.Size;

/** The optional body of approve, reject and withdraw. */
public record DecisionRequest(@Size(max = 2000) String comment) {
}
