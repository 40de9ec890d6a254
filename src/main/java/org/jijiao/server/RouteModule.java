package org.jijiao.server;

import io.vertx.ext.web.Router;

/**
 * One capability's HTTP routes. The API verticle mounts public routes before the access
 * token check and protected ones after it, so no capability can forget authentication.
 */
public interface RouteModule {

  default void mountPublic(Router router) {
  }

  /**
   * The few protected routes on the hottest path. Vert.x Web tries routes in order, so these
   * are mounted right after the token check, before the other ~150 routes are matched.
   */
  default void mountHot(Router router) {
  }

  void mountProtected(Router router);
}
