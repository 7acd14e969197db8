package io.hcoguard.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();
    private final WatchStream.LineSplitter splitter = new WatchStream.LineSplitter(lines::add);

    @Test
    void splitsEventsThatSpanChunksAndCharactersThatSpanChunks() {
        byte[] stream = "{\"type\":\"ADDED\",\"name\":\"vm-é\"}\n{\"type\":\"BOOKMARK\"}\n\n{\"type\":\"DEL".getBytes(StandardCharsets.UTF_8);
        int split = new String(stream, StandardCharsets.UTF_8).indexOf('é') + 1; // inside the two bytes of é

        splitter.accept(ByteBuffer.wrap(Arrays.copyOfRange(stream, 0, split)));
        splitter.accept(ByteBuffer.wrap(Arrays.copyOfRange(stream, split, stream.length)));

        assertThat(lines).containsExactly("{\"type\":\"ADDED\",\"name\":\"vm-é\"}", "{\"type\":\"BOOKMARK\"}");

        splitter.accept(ByteBuffer.wrap("ETED\"}\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(lines).last().isEqualTo("{\"type\":\"DELETED\"}");
    }
}
