package org.jijiao.approval;

import org.jijiao.common.ApiException;

/** What a reviewer may decide at a step. */
public enum Decision {
  APPROVE, REJECT;

  static Decision parse(String typed) {
    if (typed != null) {
      for (Decision d : values()) {
        if (d.name().equalsIgnoreCase(typed.trim())) {
          return d;
        }
      }
    }
    throw ApiException.invalidField("decision", "invalid_decision", "审批结论只能是 APPROVE 或 REJECT");
  }
}
