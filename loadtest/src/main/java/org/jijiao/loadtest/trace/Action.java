package org.jijiao.loadtest.trace;

/** What one arrival in the trace does; each becomes its own Gatling scenario. */
public enum Action {
  /** Log in and leave: the first thing the whole city does when the window opens. */
  LOGIN,
  /** Log in, list open projects, enroll (sometimes twice, as a double click would). */
  ENROLL,
  /** Log in, enroll, select a recommended course, open a play session, send heartbeats. */
  WATCH,
  /** An admin keeps the live enrollment dashboard (server-sent events) open. */
  DASHBOARD
}
