package io.hcoguard.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsProtocolsTest {

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3,TLSv1.2", "TLSv1.3", "TLSv1.2"})
    void startsWithTls12Or13(String protocols) {
        assertThatCode(() -> TlsProtocols.check(Set.of(protocols.split(",")))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv13", "TLSv1.3,TLSv1.1", "TLSv1", "SSLv3"})
    void refusesToStartWithAnyOtherName(String protocols) {
        assertThatThrownBy(() -> TlsProtocols.check(Set.of(protocols.split(","))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("quarkus.tls.webhook.protocols (QUARKUS_TLS_WEBHOOK_PROTOCOLS) must name TLSv1.3, TLSv1.2 or both, got [");
    }

    @Test
    void refusesToStartWithNone() {
        assertThatThrownBy(() -> TlsProtocols.check(Set.of())).hasMessageEndingWith("got []");
    }
}
