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
  private final SessionRevocations revocations;
  /**
   * Unknown ID numbers are checked against this hash so that they cost the same time as
   * known ones: the response time must not tell whether an ID exists.
   */
  private final String decoyHash;

  public IdentityService(AccountStore accounts, HashingPool hashing, TokenService tokens,
      LoginThrottle throttle, OrgTree orgs, SessionRevocations revocations, String decoyHash) {
    this.accounts = accounts;
    this.hashing = hashing;
    this.tokens = tokens;
    this.throttle = throttle;
    this.orgs = orgs;
    this.revocations = revocations;
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
    return tokens.ownerOf(refreshToken).compose(owner -> revocations
        .refreshRevoked(owner.userId(), owner.sinceMs())
        .compose(revoked -> revoked ? Future.failedFuture(signedOut())
            : accounts.findById(owner.userId()))
        .compose(found -> {
          Account account = found.filter(Account::active).orElseThrow(() -> signedOut());
          return tokens.rotate(refreshToken, principalOf(account));
        }));
  }

  /**
   * Ends the refresh token's family and refuses the account's access tokens issued so far.
   * Other devices of the account are not logged out: their next request answers 401 and
   * their own refresh token gets them a new access token.
   */
  public Future<Void> logout(String refreshToken) {
    return tokens.ownerOf(refreshToken)
        .compose(owner -> tokens.revoke(refreshToken)
            .compose(v -> revocations.revokeAccess(owner.userId(), "logout")))
        .recover(e -> e instanceof ApiException ? Future.succeededFuture() : Future.failedFuture(e));
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
            // Whoever knew the old password is signed out; this device gets a new pair below.
            .compose(v -> revocations.revokeEverywhere(userId, "password_changed"))
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

  private static ApiException signedOut() {
    return ApiException.unauthorized("invalid_refresh_token", "登录状态已失效，请重新登录");
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
            ? throttle.lockedOut()
            : ApiException.unauthorized("bad_credentials", "身份证号或密码不正确")));
  }
}
