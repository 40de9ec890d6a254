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
   * The few protected routes on the hottest path (see {@link HotRouter}): mounted first,
   * with a lean body reader and the token check, before the other ~150 routes.
   */
  default void mountHot(HotRouter hot) {
  }

  void mountProtected(Router router);
}
