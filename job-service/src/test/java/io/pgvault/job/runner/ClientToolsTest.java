package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientToolsTest {

    @Test
    void theNewestInstalledMajorAtLeastTheServersIsChosen() {
        assertThat(ClientTools.choose(List.of(13, 15, 17), 14)).contains(17);
        assertThat(ClientTools.choose(List.of(15), 15)).contains(15);
    }

    @Test
    void noToolsNewEnoughChoosesNothing() {
        assertThat(ClientTools.choose(List.of(13, 15), 16)).isEmpty();
        assertThat(ClientTools.choose(List.of(), 15)).isEmpty();
    }

    @Test
    void serverVersionNumbersBecomeMajorsAndVersions() {
        assertThat(ClientTools.majorOf(150004)).isEqualTo(15);
        assertThat(ClientTools.versionOf(150004)).isEqualTo("15.4");
        assertThat(ClientTools.majorOf(90624)).isEqualTo(9);
        assertThat(ClientTools.versionOf(90624)).isEqualTo("9.6.24");
    }

    @Test
    void connectionStringsQuoteEveryValue() {
        assertThat(ConnInfo.of("db.local", 5433, "o'brien", "Sales \"EU\" a=b\\c", null))
                .isEqualTo("host='db.local' port='5433' user='o\\'brien' dbname='Sales \"EU\" a=b\\\\c'"
                        + " connect_timeout='10' application_name='pgvault'");
        assertThat(ConnInfo.identifier("Sales \"EU\"")).isEqualTo("\"Sales \"\"EU\"\"\"");
    }
}
