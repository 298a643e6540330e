package io.dblens.jobs.generate;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** The time the next log line carries: a day plus a millisecond of that day, only ever moving forward. */
final class LogClock {
  static final int MILLIS_PER_DAY = 86_400_000;

  private byte[] datePart;
  private long dayEpochMillis;
  private int millisOfDay;

  void startDay(LocalDate day) {
    datePart = AsciiBuffer.ascii(day.toString() + " ");
    dayEpochMillis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    millisOfDay = 0;
  }

  /** Moves to {@code millis} of the current day unless that is in the past; never past the day's end. */
  void advanceTo(int millis) {
    int clamped = Math.min(millis, MILLIS_PER_DAY - 1);
    if (clamped > millisOfDay) {
      millisOfDay = clamped;
    }
  }

  int millisOfDay() {
    return millisOfDay;
  }

  long epochMillis() {
    return dayEpochMillis + millisOfDay;
  }

  AsciiBuffer appendTimestamp(AsciiBuffer out, boolean withMillis) {
    out.append(datePart);
    appendTimeOfDay(out, millisOfDay, withMillis);
    return out;
  }

  void appendEpoch(AsciiBuffer out) {
    out.appendFixed(epochMillis(), 3);
  }

  static AsciiBuffer appendEpochMillisAsTimestamp(AsciiBuffer out, long epochMillis) {
    long day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    out.append(LocalDate.ofEpochDay(day).toString()).append(' ');
    appendTimeOfDay(out, (int) Math.floorMod(epochMillis, (long) MILLIS_PER_DAY), false);
    return out;
  }

  private static void appendTimeOfDay(AsciiBuffer out, int millis, boolean withMillis) {
    int seconds = millis / 1000;
    out.appendTwoDigits(seconds / 3600).append(':')
        .appendTwoDigits(seconds / 60 % 60).append(':')
        .appendTwoDigits(seconds % 60);
    if (withMillis) {
      out.append('.').appendPadded(millis % 1000, 3);
    }
  }

  /** ISO-8601 UTC text of the current time, for the ground truth. */
  String isoTime() {
    return java.time.Instant.ofEpochMilli(epochMillis()).toString();
  }
}
