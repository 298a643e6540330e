package io.dblens.parsers.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.parsers.CsvRecord;
import io.dblens.parsers.Engine;
import io.dblens.parsers.FormatDetector;
import io.dblens.parsers.ParseContext;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Recognises PostgreSQL logs in every format we read and infers the log_line_prefix from the sample
 * when it is not given. Returns nothing for files that are not PostgreSQL logs (pgbouncer, other
 * engines, garbage), so that the caller quarantines them.
 */
public final class PostgresFormatDetector implements FormatDetector {

  /** Share of sample entries that must fit a format for it to be chosen. */
  private static final double MIN_MATCH = 0.5;

  private static final ObjectMapper JSON = new ObjectMapper();

  public PostgresFormatDetector() {}

  @Override
  public Engine engine() {
    return Engine.POSTGRESQL;
  }

  @Override
  public List<String> formats() {
    return Arrays.stream(PgFormat.values()).map(PgFormat::id).toList();
  }

  @Override
  public Optional<Detection> detect(List<String> sample, String format, ParseContext context) {
    List<String> lines = sample.stream().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    PgFormat asked = format == null ? null : PgFormat.of(format);
    if (format != null && asked == null) {
      return Optional.empty();
    }
    List<PgFormat> order = asked != null ? List.of(asked) : guessOrder(lines.get(0));
    for (PgFormat f : order) {
      Optional<Detection> d = tryFormat(f, lines, context, asked != null);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }

  private static List<PgFormat> guessOrder(String first) {
    if (first.startsWith("{")) {
      return List.of(PgFormat.JSONLOG, PgFormat.CNPG, PgFormat.CLOUDSQL);
    }
    return List.of(PgFormat.LOGPLEX, PgFormat.SYSLOG, PgFormat.CSVLOG, PgFormat.STDERR);
  }

  private Optional<Detection> tryFormat(PgFormat f, List<String> lines, ParseContext context, boolean asked) {
    return switch (f) {
      case JSONLOG, CNPG, CLOUDSQL -> json(f, lines, context, asked);
      case CSVLOG -> csv(lines, context, asked);
      case SYSLOG, LOGPLEX -> syslog(f, lines, context, asked);
      case STDERR, RDS -> stderr(f, lines, context, asked);
    };
  }

  private Optional<Detection> json(PgFormat f, List<String> lines, ParseContext context, boolean asked) {
    int hits = 0;
    List<String> payloads = new ArrayList<>();
    for (String l : lines) {
      JsonNode n;
      try {
        n = JSON.readTree(l);
      } catch (Exception e) {
        continue;
      }
      if (n == null || !n.isObject()) {
        continue;
      }
      boolean fits = switch (f) {
        case JSONLOG -> n.has("error_severity") && n.has("timestamp");
        case CNPG -> (n.has("record") && n.get("record").has("error_severity")) || (n.has("level") && n.has("msg"));
        default -> n.has("textPayload") && (n.toString().contains("cloudsql") || n.has("insertId"));
      };
      if (fits) {
        hits++;
        if (f == PgFormat.CLOUDSQL) {
          payloads.add(n.get("textPayload").asText());
        }
      }
    }
    if (hits < Math.max(1, lines.size() * MIN_MATCH)) {
      return Optional.empty();
    }
    if (f == PgFormat.CNPG && lines.stream().noneMatch(l -> l.contains("\"record\":{"))) {
      return Optional.empty();
    }
    if (f == PgFormat.CLOUDSQL) {
      LinePrefix prefix = prefixFor(payloads, context);
      if (prefix == null) {
        return Optional.empty();
      }
      return Optional.of(detection(f, prefix, context, 0));
    }
    return Optional.of(detection(f, null, context, 0));
  }

  private Optional<Detection> csv(List<String> lines, ParseContext context, boolean asked) {
    int records = 0;
    int hits = 0;
    for (String l : lines) {
      int from = l.startsWith("\"") ? 1 : 0;
      if (PgTime.scanDateTime(l, from, l.length()) < 0) {
        continue;
      }
      records++;
      List<String> f = CsvRecord.split(l);
      // Records spanning lines do not split here; the severity column still sits at index 11.
      if (f == null) {
        f = CsvRecord.split(l + "\"");
      }
      if (f != null && f.size() >= 14 && f.get(11) != null && Severity.find(f.get(11) + ":", 0) == 0) {
        hits++;
      }
    }
    if (hits == 0 || hits < records * MIN_MATCH) {
      return Optional.empty();
    }
    return Optional.of(detection(PgFormat.CSVLOG, null, context, 0));
  }

  private Optional<Detection> syslog(PgFormat f, List<String> lines, ParseContext context, boolean asked) {
    SyslogHeader h = new SyslogHeader();
    List<String> rests = new ArrayList<>();
    int hits = 0;
    int year = -1;
    for (String l : lines) {
      if (!h.scan(l)) {
        continue;
      }
      boolean logplex = l.indexOf("app[postgres.") > 0;
      if (logplex != (f == PgFormat.LOGPLEX)) {
        continue;
      }
      hits++;
      rests.add(l.substring(h.restStart));
      if (year < 0) {
        year = SyslogYear.yearIn(l);
      }
    }
    if (hits == 0 || hits < lines.size() * MIN_MATCH) {
      return Optional.empty();
    }
    LinePrefix prefix = prefixFor(rests, context);
    if (prefix == null) {
      return Optional.empty();
    }
    return Optional.of(detection(f, prefix, context, year > 0 ? year : Year.now(ZoneOffset.UTC).getValue()));
  }

  private Optional<Detection> stderr(PgFormat f, List<String> lines, ParseContext context, boolean asked) {
    List<String> heads = lines.stream().filter(l -> l.charAt(0) != '\t').toList();
    LinePrefix prefix = prefixFor(heads, context);
    if (prefix == null) {
      return Optional.empty();
    }
    EntryHead head = new EntryHead(prefix, new PgTime(context.zone()));
    long hits = heads.stream().filter(l -> head.parse(0, l) != null).count();
    if (hits == 0 || hits < heads.size() * MIN_MATCH) {
      return Optional.empty();
    }
    PgFormat chosen = f;
    if (f == PgFormat.STDERR && prefix.render().startsWith("%t:%r:%u@%d:[%p]:")) {
      chosen = PgFormat.RDS;
    }
    return Optional.of(detection(chosen, prefix, context, 0));
  }

  /** The given prefix, or the one inferred from the text before each line's severity marker. */
  private static LinePrefix prefixFor(List<String> texts, ParseContext context) {
    if (context.linePrefix() != null) {
      return LinePrefix.compile(context.linePrefix());
    }
    List<String> prefixes = new ArrayList<>();
    for (String t : texts) {
      if (t.isEmpty() || t.charAt(0) == '\t') {
        continue;
      }
      int sev = Severity.find(t, 0);
      if (sev >= 0) {
        prefixes.add(t.substring(0, sev));
      }
    }
    return PrefixLearner.infer(prefixes);
  }

  private static Detection detection(PgFormat f, LinePrefix prefix, ParseContext context, int year) {
    String inferred = "format " + f.id();
    if (prefix != null) {
      inferred += context.linePrefix() != null
          ? ", log_line_prefix as given '" + prefix.render() + "'"
          : ", log_line_prefix '" + prefix.render() + "'";
    }
    if (f == PgFormat.SYSLOG && year > 0) {
      inferred += ", syslog year from " + year;
    }
    return new Detection(Engine.POSTGRESQL, f.id(), inferred, new PostgresLogParser(f, prefix, context, year));
  }
}
