package org.jijiao.course;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Announces changes of the catalogue (a course, a project's offer or rules) to every node,
 * so that per-node caches of recommendations drop what they hold. Published after the
 * change has committed: a cache reloading before the commit would keep the old state.
 */
public final class CatalogueEvents {

  /** {@code {projectId}} for one project, {@code {courseId}} for a course (drops all). */
  public static final String CHANGED = "jijiao.catalogue.changed";

  private final EventBus bus;

  public CatalogueEvents(EventBus bus) {
    this.bus = bus;
  }

  public void projectChanged(long projectId) {
    bus.publish(CHANGED, new JsonObject().put("projectId", projectId));
  }

  public void courseChanged(long courseId) {
    bus.publish(CHANGED, new JsonObject().put("courseId", courseId));
  }
}
