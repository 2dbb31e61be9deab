package io.pgvault.instance.protection;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list.
 *
 * @param items the page's items
 * @param page  0-based page number
 * @param size  page size asked for
 * @param total number of matching items on all pages
 */
public record PageOf<T>(List<T> items, int page, int size, long total) {

    public <R> PageOf<R> map(Function<T, R> f) {
        return new PageOf<>(items.stream().map(f).toList(), page, size, total);
    }
}
