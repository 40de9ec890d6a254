package org.jijiao.loadtest.trace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.jijiao.loadtest.model.PeakModel;
import org.jijiao.loadtest.model.ThinkTime;

/**
 * Makes single trace rows with every random choice (client, think times, which course)
 * drawn here, from the seeded random, so replaying a trace repeats the same behaviour.
 */
final class EventFactory {

  /** A double click or an impatient retry: the share of enrollments sent twice. */
  private static final double DOUBLE_SUBMIT_SHARE = 0.05;

  private final Random random;
  private final double wechatShare;
  private final ThinkTime afterLogin;
  private final ThinkTime beforeSelect;
  private final ThinkTime beforePlay;
  private final double thinkScale;

  EventFactory(PeakModel model, Random random, double thinkScale) {
    this.random = random;
    this.wechatShare = model.decimal("client.wechatShare");
    this.afterLogin = model.think("afterLogin");
    this.beforeSelect = model.think("beforeSelect");
    this.beforePlay = model.think("beforePlay");
    this.thinkScale = thinkScale;
  }

  TraceEvent login(long offsetMs, String idNumber) {
    return new TraceEvent(offsetMs, idNumber, Action.LOGIN, client());
  }

  TraceEvent enroll(long offsetMs, String idNumber, String training) {
    Map<String, String> params = client();
    params.put("training", training);
    params.put("thinkMs", Long.toString(think(afterLogin)));
    params.put("repeat", random.nextDouble() < DOUBLE_SUBMIT_SHARE ? "2" : "1");
    return new TraceEvent(offsetMs, idNumber, Action.ENROLL, params);
  }

  TraceEvent watch(long offsetMs, String idNumber, String training, long watchSeconds) {
    Map<String, String> params = client();
    params.put("training", training);
    params.put("thinkMs", Long.toString(think(afterLogin)));
    params.put("selectThinkMs", Long.toString(think(beforeSelect)));
    params.put("playThinkMs", Long.toString(think(beforePlay)));
    // Index into whatever the server recommends to this teacher, taken modulo its length.
    params.put("pick", Integer.toString(random.nextInt(1000)));
    params.put("watchSeconds", Long.toString(watchSeconds));
    return new TraceEvent(offsetMs, idNumber, Action.WATCH, params);
  }

  TraceEvent dashboard(long offsetMs, String adminIdNumber, long holdSeconds) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("client", "PC");
    params.put("holdSeconds", Long.toString(holdSeconds));
    return new TraceEvent(offsetMs, adminIdNumber, Action.DASHBOARD, params);
  }

  private Map<String, String> client() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("client", random.nextDouble() < wechatShare ? "WECHAT" : "PC");
    return params;
  }

  private long think(ThinkTime time) {
    return Math.round(time.drawMillis(random) * thinkScale);
  }
}
