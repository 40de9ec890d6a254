package org.jijiao.server;

import java.util.ArrayList;
import java.util.List;
import org.jijiao.approval.ApplicationRoutes;
import org.jijiao.approval.ApprovalClient;
import org.jijiao.approval.ApprovalRoutes;
import org.jijiao.approval.Certificates;
import org.jijiao.audit.AuditRoutes;
import org.jijiao.creditimport.CreditImportRoutes;
import org.jijiao.creditimport.CreditImportService;
import org.jijiao.coursework.CourseworkRoutes;
import org.jijiao.credit.CreditRoutes;
import org.jijiao.common.ClientAddress;
import org.jijiao.identity.AccountStore;
import org.jijiao.identity.IdentityRoutes;
import org.jijiao.identity.IdentityService;
import org.jijiao.identity.LoginThrottle;
import org.jijiao.identity.TokenService;
import org.jijiao.org.OrgRoutes;
import org.jijiao.org.TeacherStore;
import org.jijiao.learning.LearningRoutes;
import org.jijiao.platform.Platform;
import org.jijiao.wechat.WeChatRoutes;

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
        p.orgs(), p.revocations(), decoyHash);
    modules.add(new IdentityRoutes(identity, accounts,
        ClientAddress.fromConfig(p.config().string("http.trustedProxies", ""))));
    modules.add(new OrgRoutes(p.access(), new TeacherStore(p.pool(), p.hashing()),
        p.revocations()));

    modules.add(org.jijiao.notice.NoticeRoutes.create(p));
    modules.add(new org.jijiao.message.MessageRoutes(p.pool()));
    modules.add(org.jijiao.forum.ForumRoutes.create(p));
    modules.add(org.jijiao.attendance.SessionRoutes.create(p));
    modules.add(org.jijiao.schooltraining.SchoolTrainingRoutes.create(p));
    modules.add(WeChatRoutes.create(p, identity));

    ApprovalClient approvals = new ApprovalClient(p.vertx().eventBus());
    Certificates certificates = new Certificates(p.vertx(), p.settings().files().filesDir(),
        p.config().integer("approval.certificateMaxBytes", 1024, 100 << 20));
    modules.add(new ApplicationRoutes(approvals, p.hashing(), certificates));
    modules.add(new ApprovalRoutes(approvals, certificates));
    modules.add(new CreditImportRoutes(new CreditImportService(p)));
    modules.add(new AuditRoutes(p.pool()));
    modules.add(org.jijiao.course.CourseRoutes.create(p));
    modules.add(org.jijiao.training.TrainingRoutes.create(p));
    modules.add(org.jijiao.enrollment.EnrollmentRoutes.create(p));
    modules.add(org.jijiao.live.LiveRoutes.create(p));
    modules.add(LearningRoutes.create(p));
    modules.add(CourseworkRoutes.create(p));
    modules.add(CreditRoutes.create(p));

    return modules;
  }
}
