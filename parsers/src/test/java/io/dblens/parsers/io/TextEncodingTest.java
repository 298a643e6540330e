package io.dblens.parsers.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Byte-order marks: UTF-16 files are read as text, UTF-16 without a mark is refused with its reason. */
class TextEncodingTest {

  static final String ERRORLOG = "2024-03-04 08:00:05.10 Server      SQL Server is now ready for client connections.\r\n"
      + "2024-03-04 09:14:22.31 Logon       Login failed for user 'r\u00e9port'. [CLIENT: 10.20.4.17]\r\n";

  final FileParser parser = new FileParser(io.dblens.parsers.ParserDispatcher.standard(), 1024);

  FileOutcome parse(byte[] bytes, FileParserTest.Collect sink) {
    return parser.parse(new java.io.ByteArrayInputStream(bytes), null, null,
        new io.dblens.parsers.ParseContext("test", null, null), sink);
  }

  static byte[] bytes(byte[] bom, String text, Charset charset) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bom);
    out.write(text.getBytes(charset));
    return out.toByteArray();
  }

  @Test
  void utf16LittleAndBigEndianWithByteOrderMarkAreReadAsText() throws IOException {
    for (byte[] file : new byte[][] {
        bytes(new byte[] {(byte) 0xff, (byte) 0xfe}, ERRORLOG, StandardCharsets.UTF_16LE),
        bytes(new byte[] {(byte) 0xfe, (byte) 0xff}, ERRORLOG, StandardCharsets.UTF_16BE),
        bytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, ERRORLOG, StandardCharsets.UTF_8)}) {
      FileParserTest.Collect sink = new FileParserTest.Collect();
      FileOutcome o = parse(file, sink);
      assertThat(o.status()).as(o.error()).isEqualTo(FileStatus.OK);
      assertThat(o.format()).isEqualTo("errorlog");
      assertThat(o.linesRead()).isEqualTo(2);
      assertThat(sink.events).hasSize(2);
      assertThat(sink.events.get(0).rawTime()).isEqualTo("2024-03-04 08:00:05.10");
      assertThat(sink.events.get(1).user()).isEqualTo("r\u00e9port");
    }
  }

  // 35 + 8156 characters put the high surrogate last in the 8192-character buffer.
  @Test
  void aSurrogatePairSplitAcrossBuffersSurvives() throws IOException {
    String line = "2024-03-04 08:00:05.10 spid51      " + "x".repeat(8156) + "\ud83d\ude00 end";
    FileParserTest.Collect sink = new FileParserTest.Collect();
    FileParser wide = new FileParser(io.dblens.parsers.ParserDispatcher.standard(), 1 << 20);
    wide.parse(new java.io.ByteArrayInputStream(bytes(new byte[] {(byte) 0xff, (byte) 0xfe}, line,
        StandardCharsets.UTF_16LE)), null, null, new io.dblens.parsers.ParseContext("t", null, null), sink);
    assertThat(sink.events).singleElement().satisfies(e -> assertThat(e.message()).endsWith("\ud83d\ude00 end"));
  }

  @Test
  void utf16WithoutByteOrderMarkIsRejectedWithItsReason() throws IOException {
    FileParserTest.Collect sink = new FileParserTest.Collect();
    FileOutcome o = parse(ERRORLOG.getBytes(StandardCharsets.UTF_16LE), sink);
    assertThat(o.status()).isEqualTo(FileStatus.REJECTED);
    assertThat(o.linesRead()).isZero();
    assertThat(o.error()).startsWith("UTF-16 text without a byte-order mark");
    assertThat(sink.quarantined).singleElement().asString().contains("UTF-16 text without a byte-order mark");
  }

  @Test
  void otherBinaryContentKeepsItsReason() {
    FileParserTest.Collect sink = new FileParserTest.Collect();
    FileOutcome o = parse(new byte[] {1, 2, 0, 0, 0, 7, 9, 0, 3, 3, 3, 3}, sink);
    assertThat(o.status()).isEqualTo(FileStatus.REJECTED);
    assertThat(o.error()).startsWith("binary content");
  }
}
