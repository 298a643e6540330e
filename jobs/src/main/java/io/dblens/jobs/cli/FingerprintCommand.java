package io.dblens.jobs.cli;

import io.dblens.common.DblensException;
import io.dblens.parsers.Engine;
import io.dblens.parsers.sql.Fingerprint;
import io.dblens.parsers.sql.SqlFingerprinter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fingerprint}: statements on stdin, one line per statement on stdout: {@code <fingerprint_id>\t<normalised
 * text>}, with the engine's own reference id between the two where DBAs know one (pt-query-digest's query id
 * for MySQL).
 */
@Command(name = "fingerprint", mixinStandardHelpOptions = true,
    description = {"Read statements on stdin (one per line) and print <fingerprint_id><TAB><normalised text>.",
        "MySQL: <fingerprint_id><TAB><pt-query-digest query id><TAB><pt-query-digest fingerprint>.",
        "MongoDB (--engine mongodb): each line is a query document, a system.profile document, a log line"
            + " (text or JSON) of a slow operation, or a shape; the normalised text is the operation's shape."})
final class FingerprintCommand implements Callable<Integer> {

  @Option(names = "--engine", required = true, description = "postgresql, mysql, sqlserver, oracle, mongodb.")
  String engine;

  @Option(names = "--statements", description = "Statements are separated by ';' instead of one per line.")
  boolean statements;

  @Override
  public Integer call() throws IOException {
    Engine e;
    try {
      e = Engine.parse(engine);
    } catch (IllegalArgumentException ex) {
      throw DblensException.usage("unknown engine '" + engine + "'", ex.getMessage(), "use --engine postgresql");
    }
    SqlFingerprinter fingerprinter = SqlFingerprinter.forEngine(e);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = System.out;
    if (statements) {
      StringBuilder all = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null) {
        all.append(line).append('\n');
      }
      for (String stmt : split(all)) {
        print(out, e, fingerprinter, stmt);
      }
    } else {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          print(out, e, fingerprinter, line);
        }
      }
    }
    out.flush();
    return 0;
  }

  private static void print(PrintStream out, Engine engine, SqlFingerprinter fingerprinter, String sql) {
    Fingerprint fp = fingerprinter.fingerprint(sql);
    out.println(switch (engine) {
      // The fingerprint text is pt-query-digest's, so its MD5 is the query id of pt's reports.
      case MYSQL -> fp.hexId() + "\t" + SqlFingerprinter.ptQueryId(fp.normalized()) + "\t" + fp.normalized();
      // Every other engine, MongoDB's operation shapes included: id and normalised text.
      default -> fp.hexId() + "\t" + fp.normalized();
    });
  }

  /** Splits on ';' outside quotes, dollar-quoted bodies and comments. */
  static List<String> split(CharSequence text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(text, i, c);
      } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int end = text.toString().indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '$') {
        int tagEnd = text.toString().indexOf('$', i + 1);
        String tag = tagEnd < 0 ? null : text.subSequence(i, tagEnd + 1).toString();
        if (tag != null && tag.substring(1, tag.length() - 1).chars().allMatch(Character::isLetterOrDigit)
            && !tag.substring(1, 2).matches("[0-9]")) {
          int close = text.toString().indexOf(tag, tagEnd + 1);
          i = close < 0 ? n : close + tag.length();
        } else {
          i++;
        }
      } else if (c == ';') {
        add(out, text.subSequence(start, i));
        start = ++i;
      } else {
        i++;
      }
    }
    add(out, text.subSequence(start, n));
    return out;
  }

  private static int skipQuoted(CharSequence text, int from, char quote) {
    int i = from + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      if (c == '\\' && quote != '"') {
        i++;
      }
      i++;
    }
    return text.length();
  }

  private static void add(List<String> out, CharSequence stmt) {
    String s = stmt.toString().strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
  }
}
