package org.jijiao.server;

import io.vertx.ext.web.Router;

/**
 * One capability's HTTP routes. The API verticle mounts public routes before the access
 * token check and protected ones after it, so no capability can forget authentication.
 */
public interface RouteModule {

  default void mountPublic(Router router) {
  }

  void mountProtected(Router router);
}
