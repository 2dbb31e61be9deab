package io.pgvault.platform.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostListTest {

    @Test
    void aHostNameMatchesItselfIgnoringCaseAndATrailingDotButNoOtherName() {
        HostList list = HostList.of(List.of("DB2.internal", " replica-1.example.com. ", ""));
        assertThat(list.contains("db2.internal")).isTrue();
        assertThat(list.contains("db2.INTERNAL.")).isTrue();
        assertThat(list.contains("replica-1.example.com")).isTrue();
        assertThat(list.contains("db3.internal")).isFalse();
        assertThat(list.contains("internal")).isFalse();
        assertThat(list.contains("evil-db2.internal")).isFalse();
        assertThat(list.contains("db2.internal.evil.com")).isFalse();
        assertThat(list.entries()).containsExactly("DB2.internal", "replica-1.example.com.");
    }

    @Test
    void namesAreNeverResolvedSoLocalhostIsNotLoopbackAndAnAddressIsNotItsName() {
        HostList loopback = HostList.of(List.of("127.0.0.0/8", "::1"));
        assertThat(loopback.contains("127.0.0.1")).isTrue();
        assertThat(loopback.contains("localhost")).isFalse();
        assertThat(HostList.of(List.of("localhost")).contains("127.0.0.1")).isFalse();
    }

    @Test
    void ipv4BlocksContainExactlyTheirAddresses() {
        HostList list = HostList.of(List.of("10.0.0.0/8", "192.168.4.0/22", "172.16.5.9"));
        assertThat(list.contains("10.0.0.1")).isTrue();
        assertThat(list.contains("10.255.255.255")).isTrue();
        assertThat(list.contains("11.0.0.1")).isFalse();
        assertThat(list.contains("192.168.4.0")).isTrue();
        assertThat(list.contains("192.168.7.255")).isTrue();
        assertThat(list.contains("192.168.8.0")).isFalse();
        assertThat(list.contains("192.168.3.255")).isFalse();
        assertThat(list.contains("172.16.5.9")).isTrue();
        assertThat(list.contains("172.16.5.10")).isFalse();
        assertThat(HostList.of(List.of("0.0.0.0/0")).contains("8.8.8.8")).isTrue();
    }

    @Test
    void ipv6BlocksContainTheirAddressesInAnySpellingAndIpv4MappedAddressesCountAsIpv4() {
        HostList list = HostList.of(List.of("fd00::/8", "2001:db8:abcd:12::/64", "::1"));
        assertThat(list.contains("fd12:3456::1")).isTrue();
        assertThat(list.contains("fe80::1")).isFalse();
        assertThat(list.contains("2001:db8:abcd:12:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(list.contains("2001:0db8:abcd:0012:0000:0000:0000:0001")).isTrue();
        assertThat(list.contains("2001:db8:abcd:13::1")).isFalse();
        assertThat(list.contains("[::1]")).isTrue();
        assertThat(list.contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(list.contains("::2")).isFalse();
        // an IPv4 block does not contain IPv6 addresses, but it does contain IPv4-mapped ones
        HostList v4 = HostList.of(List.of("10.0.0.0/8"));
        assertThat(v4.contains("::ffff:10.1.2.3")).isTrue();
        assertThat(v4.contains("fd00::10:1")).isFalse();
    }

    @Test
    void socketPathsMatchExactly() {
        HostList list = HostList.of(List.of("/run/postgresql"));
        assertThat(list.contains("/run/postgresql")).isTrue();
        assertThat(list.contains("/run/PostgreSQL")).isFalse();
        assertThat(list.contains("/tmp")).isFalse();
        assertThat(HostList.isSocketPath("/run/postgresql")).isTrue();
        assertThat(HostList.isSocketPath("@pg")).isTrue();
        assertThat(HostList.isSocketPath("db.internal")).isFalse();
    }

    @Test
    void entriesThatAreNoHostAddressOrBlockAreRefusedByName() {
        assertThatThrownBy(() -> HostList.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33")
                .hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> HostList.of(List.of("fd00::/129"))).hasMessageContaining("0 to 128");
        assertThatThrownBy(() -> HostList.of(List.of("db.internal/8"))).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> HostList.of(List.of("*.internal"))).hasMessageContaining("'*.internal'");
        assertThatThrownBy(() -> HostList.of(List.of("300.1.1.1"))).hasMessageContaining("'300.1.1.1'");
    }

    @Test
    void twoHostsAreTheSameAddressInAnySpellingOrTheSameNameButANameIsNotItsAddress() {
        assertThat(HostList.sameHost("DB1.internal.", "db1.internal")).isTrue();
        assertThat(HostList.sameHost("::1", "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(HostList.sameHost("127.0.0.1", "127.0.0.1")).isTrue();
        assertThat(HostList.sameHost("127.0.0.1", "127.0.0.2")).isFalse();
        assertThat(HostList.sameHost("localhost", "127.0.0.1")).isFalse();
        assertThat(HostList.sameHost("db1.internal", "db2.internal")).isFalse();
        assertThat(HostList.sameHost("db1.internal", null)).isFalse();
    }

    @Test
    void nothingIsOnAnEmptyList() {
        HostList empty = HostList.of(List.of());
        assertThat(empty.contains("127.0.0.1")).isFalse();
        assertThat(empty.contains("")).isFalse();
        assertThat(empty.contains(null)).isFalse();
    }
}
