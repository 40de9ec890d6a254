package org.jijiao.identity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.jijiao.common.ApiException;
import org.jijiao.org.OrgTree;
import org.jijiao.org.OrgUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login, refresh, logout and password change. The rules live here; the routes only read
 * input and write answers.
 */
public final class IdentityService {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityService.class);

  private final AccountStore accounts;
  private final HashingPool hashing;
  private final TokenService tokens;
  private final LoginThrottle throttle;
  private final OrgTree orgs;
  /**
   * Unknown ID numbers are checked against this hash so that they cost the same time as
   * known ones: the response time must not tell whether an ID exists.
   */
  private final String decoyHash;

  public IdentityService(AccountStore accounts, HashingPool hashing, TokenService tokens,
      LoginThrottle throttle, OrgTree orgs, String decoyHash) {
    this.accounts = accounts;
    this.hashing = hashing;
    this.tokens = tokens;
    this.throttle = throttle;
    this.orgs = orgs;
    this.decoyHash = decoyHash;
  }

  public Future<JsonObject> login(IdNumber idNumber, String password, String address) {
    String id = idNumber.value();

    // In a burst most logins find the hash queue full; refusing those first keeps their
    // Redis and PostgreSQL look-ups off the cores the hashing needs.
    return hashing.checkRoom()
        .compose(v -> throttle.checkNotLocked(id, address))
        .compose(v -> accounts.findByIdNumber(id))
        .compose(found -> {
          String hash = found.map(Account::passwordHash).orElse(decoyHash);
          return hashing.verify(password, hash).map(ok -> ok ? found : Optional.<Account>empty());
        })
        .compose(match -> match.filter(Account::active)
            .map(account -> succeed(account, address))
            .orElseGet(() -> fail(idNumber, address)));
  }

  public Future<JsonObject> refresh(String refreshToken) {
    return tokens.ownerOf(refreshToken)
        .compose(accounts::findById)
        .compose(found -> {
          Account account = found.filter(Account::active).orElseThrow(() ->
              ApiException.unauthorized("invalid_refresh_token", "登录状态已失效，请重新登录"));
          return tokens.rotate(refreshToken, principalOf(account));
        });
  }

  public Future<Void> logout(String refreshToken) {
    return tokens.revoke(refreshToken);
  }

  public Future<JsonObject> changePassword(long userId, String oldPassword, String newPassword) {
    return accounts.findById(userId)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("账号不存在")))
        .compose(account -> hashing.verify(oldPassword, account.passwordHash())
            .compose(ok -> {
              if (!ok) {
                return Future.failedFuture(ApiException.invalidField("oldPassword",
                    "bad_credentials", "原密码不正确"));
              }
              if (oldPassword.equals(newPassword)) {
                return Future.failedFuture(ApiException.invalidField("newPassword",
                    "weak_password", "新密码不能与原密码相同"));
              }
              PasswordPolicy.check(newPassword, account.idNumber());
              return hashing.hash(newPassword);
            })
            .compose(hash -> accounts.updatePassword(userId, hash))
            .compose(v -> accounts.findById(userId))
            .compose(updated -> issueFor(updated.orElseThrow())));
  }

  /**
   * Issues a token pair for an account whose identity was proven another way (a bound
   * WeChat openid). Fails with 401 when the account is missing or not active.
   */
  public Future<JsonObject> loginAs(long accountId) {
    return accounts.findById(accountId).compose(found -> found.filter(Account::active)
        .map(this::issueFor)
        .orElseGet(() -> Future.failedFuture(
            ApiException.unauthorized("bad_credentials", "账号不存在或未启用"))));
  }

  public Principal principalOf(Account account) {
    String scope = orgs.find(account.orgId()).map(OrgUnit::path).orElse("/none/");
    return new Principal(account.id(), account.name(), account.roles(), account.orgId(), scope,
        account.mustChangePassword());
  }

  private Future<JsonObject> succeed(Account account, String address) {
    LOG.info("event=login_ok user={} id={} addr={}", account.id(),
        IdNumber.maskForLog(account.idNumber()), address);
    return throttle.recordSuccess(account.idNumber())
        .compose(v -> issueFor(account));
  }

  private Future<JsonObject> issueFor(Account account) {
    Principal principal = principalOf(account);
    return tokens.issue(principal).compose(pair -> accounts.profile(account.id(), account.roles())
        .map(profile -> pair.put("user", profile.orElseThrow())));
  }

  private Future<JsonObject> fail(IdNumber idNumber, String address) {
    LOG.info("event=login_failed id={} addr={}", IdNumber.maskForLog(idNumber.value()), address);
    return throttle.recordFailure(idNumber.value(), address).compose(locked -> Future.failedFuture(
        locked
            ? ApiException.of(423, "account_locked", "登录失败次数过多，账号已暂时锁定，请稍后再试")
            : ApiException.unauthorized("bad_credentials", "身份证号或密码不正确")));
  }
}
