package org.jijiao.loadtest.check;

import java.util.List;

/** The outcome of one invariant; examples are a few offending rows, never all of them. */
public record CheckResult(String name, Verdict verdict, String detail, List<String> examples) {

  public enum Verdict { PASS, FAIL, NOT_CHECKED }

  public static CheckResult pass(String name, String detail) {
    return new CheckResult(name, Verdict.PASS, detail, List.of());
  }

  public static CheckResult fail(String name, String detail, List<String> examples) {
    return new CheckResult(name, Verdict.FAIL, detail, List.copyOf(examples));
  }

  public static CheckResult notChecked(String name, String why) {
    return new CheckResult(name, Verdict.NOT_CHECKED, why, List.of());
  }
}
