package io.dblens.parsers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Picks the parser for a file: the engine and format the user named, or the first detector that
 * recognises the file's opening lines. Detectors register through {@code META-INF/services}.
 */
public final class ParserDispatcher {

  /** How many non-empty lines from the start of a file the detectors see. */
  public static final int SAMPLE_LINES = 200;

  private final List<FormatDetector> detectors;

  public ParserDispatcher(List<FormatDetector> detectors) {
    this.detectors = List.copyOf(detectors);
  }

  /** Every detector on the class path. */
  public static ParserDispatcher standard() {
    List<FormatDetector> found = new ArrayList<>();
    ServiceLoader.load(FormatDetector.class, ParserDispatcher.class.getClassLoader()).forEach(found::add);
    found.sort((a, b) -> a.engine().compareTo(b.engine()));
    return new ParserDispatcher(found);
  }

  public List<FormatDetector> detectors() {
    return detectors;
  }

  /**
   * @param sample  the first non-empty lines of the file
   * @param engine  the engine the user named, or null to try every engine
   * @param format  the format the user named, or null to infer it
   */
  public Optional<FormatDetector.Detection> detect(
      List<String> sample, Engine engine, String format, ParseContext context) {
    for (FormatDetector d : detectors) {
      if (engine != null && d.engine() != engine) {
        continue;
      }
      Optional<FormatDetector.Detection> found = d.detect(sample, format, context);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
