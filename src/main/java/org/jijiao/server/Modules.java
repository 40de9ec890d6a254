package org.jijiao.server;

import java.util.ArrayList;
import java.util.List;
import org.jijiao.coursework.CourseworkRoutes;
import org.jijiao.credit.CreditRoutes;
import org.jijiao.identity.AccountStore;
import org.jijiao.identity.IdentityRoutes;
import org.jijiao.identity.IdentityService;
import org.jijiao.identity.LoginThrottle;
import org.jijiao.identity.TokenService;
import org.jijiao.learning.LearningRoutes;
import org.jijiao.platform.Platform;

/**
 * The table of contents of the HTTP API: every capability's routes, built once per node
 * and shared by all API verticle instances (the handlers hold no per-request state).
 */
public final class Modules {

  private Modules() {
  }

  public static List<RouteModule> build(Platform p, String decoyHash) {
    List<RouteModule> modules = new ArrayList<>();

    AccountStore accounts = new AccountStore(p.pool());
    TokenService tokens = new TokenService(p.jwt(), p.redis(), p.keys(), p.settings().auth());
    LoginThrottle throttle = new LoginThrottle(p.redis(), p.keys(), p.settings().auth());
    IdentityService identity = new IdentityService(accounts, p.hashing(), tokens, throttle,
        p.orgs(), decoyHash);
    modules.add(new IdentityRoutes(identity, accounts));
    modules.add(LearningRoutes.create(p));
    modules.add(CourseworkRoutes.create(p));
    modules.add(CreditRoutes.create(p));

    return modules;
  }
}
