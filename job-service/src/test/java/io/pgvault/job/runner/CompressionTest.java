package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompressionTest {

    @Test
    void gzipIsPgDumpsOwnCompressionAtTheLevel() {
        Compression gzip = Compression.parse("gzip:6");
        assertThat(gzip.pgDumpArgs()).containsExactly("-Z6");
        assertThat(gzip.inStream()).isFalse();
        assertThat(gzip.suffix()).isEmpty();
        assertThat(gzip.dumpLabel()).isEqualTo("gzip");
        assertThat(gzip.globalsLabel()).isEqualTo("none");
    }

    @Test
    void zstdTurnsPgDumpsCompressionOffAndCompressesTheStream() {
        Compression zstd = Compression.parse("ZSTD:3");
        assertThat(zstd.pgDumpArgs()).containsExactly("-Z0");
        assertThat(zstd.inStream()).isTrue();
        assertThat(zstd.level()).isEqualTo(3);
        assertThat(zstd.suffix()).isEqualTo(".zst");
        assertThat(zstd.dumpLabel()).isEqualTo("zstd");
    }

    @Test
    void badSettingsAreRefusedNamingTheAcceptedForms() {
        for (String bad : new String[] {"zstd", "gzip:10", "zstd:0", "lz4:1", "", "gzip:x"}) {
            assertThatThrownBy(() -> Compression.parse(bad)).hasMessageContaining("gzip:<0-9>, zstd:<1-19> or none");
        }
    }
}
