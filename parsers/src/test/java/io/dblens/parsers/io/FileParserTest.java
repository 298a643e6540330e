package io.dblens.parsers.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParserDispatcher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole-file reading: compression, bad content, and the line accounting the ledger relies on. */
class FileParserTest {

  static final String LOG = String.join("\n",
      "2025-03-04 10:00:00.100 UTC [101] app@shop LOG:  duration: 12.500 ms  statement: SELECT 1",
      "2025-03-04 10:00:01.200 UTC [102] app@shop LOG:  duration: 7.250 ms  statement: SELECT 2",
      "2025-03-04 10:00:03.400 UTC [104] app@shop LOG:  duration: 1500.000 ms  statement: UPDATE stock",
      "\t SET qty = qty - 1",
      "2025-03-04 10:00:04.000 UTC [105] @ LOG:  checkpoint starting: time",
      "");

  final FileParser parser = new FileParser(ParserDispatcher.standard(), 1024);

  static final class Collect implements EventSink {
    final List<LogEvent> events = new ArrayList<>();
    final List<String> quarantined = new ArrayList<>();

    @Override
    public void event(LogEvent event) {
      events.add(event);
    }

    @Override
    public void quarantine(long lineStart, long lineEnd, String rawText, String reason) {
      quarantined.add(lineStart + "-" + lineEnd + ": " + reason);
    }
  }

  FileOutcome parse(byte[] bytes, Collect sink) {
    return parser.parse(new ByteArrayInputStream(bytes), null, null, new ParseContext("test", null, null), sink);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void readsEveryCompressionByItsMagicBytes(Compression compression) throws IOException {
    Collect sink = new Collect();
    FileOutcome o = parse(compress(compression, LOG.getBytes(StandardCharsets.UTF_8)), sink);
    assertThat(o.compression()).isEqualTo(compression);
    assertThat(o.status()).isEqualTo(FileStatus.OK);
    assertThat(o.linesRead()).isEqualTo(5);
    assertThat(o.linesParsed()).isEqualTo(5);
    assertThat(sink.events).hasSize(4);
  }

  @Test
  void aTruncatedArchiveKeepsWhatCouldBeRead() throws IOException {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      many.append("2025-03-04 10:00:00.100 UTC [").append(100 + i % 50)
          .append("] app@shop LOG:  duration: ").append(i % 97).append(".125 ms  statement: SELECT ").append(i)
          .append('\n');
    }
    byte[] gz = compress(Compression.GZIP, many.toString().getBytes(StandardCharsets.UTF_8));
    Collect sink = new Collect();
    FileOutcome o = parse(Arrays.copyOf(gz, gz.length / 2), sink);
    assertThat(o.status()).isEqualTo(FileStatus.TRUNCATED);
    assertThat(o.error()).contains("truncated archive");
    assertThat(sink.events).isNotEmpty();
    assertThat(o.linesRead()).isEqualTo(o.linesParsed() + o.linesQuarantined());
  }

  @Test
  void aTruncatedSmallArchiveStillYieldsItsFirstLines() throws IOException {
    byte[] gz = compress(Compression.GZIP, LOG.repeat(200).getBytes(StandardCharsets.UTF_8));
    Collect sink = new Collect();
    FileOutcome o = parse(Arrays.copyOf(gz, gz.length / 2), sink);
    assertThat(o.status()).isEqualTo(FileStatus.TRUNCATED);
    assertThat(sink.events).isNotEmpty();
  }

  @Test
  void binaryContentIsRejected() {
    byte[] bytes = new byte[100];
    bytes[3] = 0;
    Collect sink = new Collect();
    FileOutcome o = parse(bytes, sink);
    assertThat(o.status()).isEqualTo(FileStatus.REJECTED);
    assertThat(sink.quarantined).singleElement().asString().contains("binary");
  }

  @Test
  void overlongLinesAreQuarantinedWithoutBeingHeld() {
    String log = LOG.replace("SELECT 2", "SELECT '" + "x".repeat(5000) + "'");
    Collect sink = new Collect();
    FileOutcome o = parse(log.getBytes(StandardCharsets.UTF_8), sink);
    assertThat(o.status()).isEqualTo(FileStatus.PARTIAL);
    assertThat(o.linesQuarantined()).isEqualTo(1);
    assertThat(sink.quarantined).singleElement().asString().startsWith("2-2: line of").contains("limit of 1024");
    assertThat(o.linesRead()).isEqualTo(o.linesParsed() + o.linesQuarantined());
  }

  @Test
  void invalidUtf8IsReplacedAndReported() {
    byte[] good = LOG.getBytes(StandardCharsets.UTF_8);
    byte[] bad = "2025-03-04 10:00:05.000 UTC [106] app@shop LOG:  duration: 1.000 ms  statement: SELECT 'caf"
        .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(good);
    all.writeBytes(bad);
    all.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, '\'', '\n'});
    Collect sink = new Collect();
    FileOutcome o = parse(all.toByteArray(), sink);
    assertThat(o.status()).isEqualTo(FileStatus.PARTIAL);
    assertThat(o.error()).contains("1 line(s) were not valid UTF-8 (first at line 6)");
    assertThat(sink.events.get(sink.events.size() - 1).queryText()).contains("caf\uFFFD(");
  }

  @Test
  void emptyAndUnrecognisedFiles() {
    Collect sink = new Collect();
    assertThat(parse(new byte[0], sink).status()).isEqualTo(FileStatus.EMPTY);
    FileOutcome garbage = parse("lorem ipsum\ndolor sit amet\n".getBytes(StandardCharsets.UTF_8), sink);
    assertThat(garbage.status()).isEqualTo(FileStatus.UNRECOGNISED);
    assertThat(garbage.linesQuarantined()).isEqualTo(2);
    assertThat(garbage.error()).contains("--engine/--format");
  }

  static byte[] compress(Compression compression, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Function<OutputStream, OutputStream> wrap = out -> {
      try {
        return switch (compression) {
          case NONE -> out;
          case GZIP -> new GZIPOutputStream(out);
          case BZIP2 -> new BZip2CompressorOutputStream(out);
          case XZ -> new XZCompressorOutputStream(out);
          case ZSTD -> new ZstdCompressorOutputStream(out);
          case LZ4 -> new FramedLZ4CompressorOutputStream(out);
        };
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
    try (OutputStream out = wrap.apply(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }
}
