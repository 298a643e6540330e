package io.dblens.parsers.mongodb;

import io.dblens.parsers.Engine;
import io.dblens.parsers.FormatDetector;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises MongoDB logs: 4.4+ JSON logs (lines opening with {@code {"t":{"$date":}), 2.x-4.2 text logs
 * (lines opening with a mongod timestamp and a {@code [context]}), and system.profile exports (JSON
 * documents, alone or in an array, with {@code "op"}, {@code "ns"} and {@code "millis"} or {@code "ts"}).
 * A format needs at least half of the sampled lines (profile exports: the keys in the sample), so a
 * PostgreSQL or MySQL log that quotes a MongoDB line is not taken for one.
 */
public final class MongoFormatDetector implements FormatDetector {

  public MongoFormatDetector() {}

  /** The formats, by their {@code --format} names. */
  enum MongoFormat {
    TEXT, JSON, PROFILE;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public Engine engine() {
    return Engine.MONGODB;
  }

  @Override
  public List<String> formats() {
    return List.of(MongoFormat.TEXT.id(), MongoFormat.JSON.id(), MongoFormat.PROFILE.id());
  }

  @Override
  public Optional<Detection> detect(List<String> sample, String format, ParseContext context) {
    if (format != null) {
      for (MongoFormat f : MongoFormat.values()) {
        if (f.id().equalsIgnoreCase(format)) {
          return Optional.of(detection(f, sample, context, "format as given"));
        }
      }
      return Optional.empty();
    }
    int json = 0;
    int text = 0;
    for (String l : sample) {
      if (l.startsWith("{\"t\":{\"$date\":")) {
        json++;
      } else if (LegacyHead.parse(l) != null) {
        text++;
      }
    }
    int half = Math.max(1, (sample.size() + 1) / 2);
    if (json >= half) {
      return Optional.of(detection(MongoFormat.JSON, sample, context, json + " of " + sample.size() + " sampled lines"));
    }
    if (text >= half) {
      return Optional.of(detection(MongoFormat.TEXT, sample, context, text + " of " + sample.size() + " sampled lines"));
    }
    if (looksLikeProfile(sample)) {
      return Optional.of(detection(MongoFormat.PROFILE, sample, context, "op, ns and millis/ts keys"));
    }
    return Optional.empty();
  }

  private static boolean looksLikeProfile(List<String> sample) {
    if (sample.isEmpty()) {
      return false;
    }
    String first = sample.get(0).stripLeading();
    if (first.isEmpty() || (first.charAt(0) != '{' && first.charAt(0) != '[')) {
      return false;
    }
    boolean op = false;
    boolean ns = false;
    boolean timing = false;
    for (String l : sample) {
      op |= hasKey(l, "op");
      ns |= hasKey(l, "ns");
      timing |= hasKey(l, "millis") || hasKey(l, "ts");
    }
    return op && ns && timing;
  }

  /** The key quoted and followed by a colon (JSON or shell printouts: {@code "op" : "query"}). */
  private static boolean hasKey(String line, String key) {
    String quoted = "\"" + key + "\"";
    for (int i = line.indexOf(quoted); i >= 0; i = line.indexOf(quoted, i + 1)) {
      int j = i + quoted.length();
      while (j < line.length() && line.charAt(j) == ' ') {
        j++;
      }
      if (j < line.length() && line.charAt(j) == ':') {
        return true;
      }
    }
    return false;
  }

  private static Detection detection(MongoFormat f, List<String> sample, ParseContext context, String why) {
    String inferred = "format " + f.id() + " (" + why + ")";
    LogParser parser = switch (f) {
      case JSON -> new JsonLogParser(context);
      case PROFILE -> new ProfileParser(context);
      case TEXT -> {
        int year = MongoTime.startYear(sample, Year.now(ZoneOffset.UTC).getValue());
        boolean ctime = !sample.isEmpty() && sample.stream().anyMatch(l -> MongoTime.ctimeEnd(l, 0) > 0);
        if (ctime) {
          inferred += ", ctime year from " + year;
        }
        yield new LegacyLogParser(context, year);
      }
    };
    return new Detection(Engine.MONGODB, f.id(), inferred, parser);
  }
}
