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

  /**
   * Every token issued here carries the moment its account row was read, taken just before
   * the read: a revocation committed after that read (a password change racing this login)
   * is then later than the token and refuses it.
   */
  public Future<JsonObject> login(IdNumber idNumber, String password, String address) {
    String id = idNumber.value();
    long[] readAt = new long[1];

    // In a burst most logins find the hash queue full; refusing those first keeps their
    // Redis and PostgreSQL look-ups off the cores the hashing needs.
    return hashing.checkRoom()
        .compose(v -> throttle.checkNotLocked(id, address))
        .compose(v -> {
          readAt[0] = System.currentTimeMillis();
          return accounts.findByIdNumber(id);
        })
        .compose(found -> {
          String hash = found.map(Account::passwordHash).orElse(decoyHash);
          return hashing.verify(password, hash).map(ok -> ok ? found : Optional.<Account>empty());
        })
        .compose(match -> match.filter(Account::active)
            .map(account -> succeed(account, address, readAt[0]))
            .orElseGet(() -> fail(idNumber, address)));
  }

  public Future<JsonObject> refresh(String refreshToken) {
    long readAt = System.currentTimeMillis();
    return tokens.ownerOf(refreshToken).compose(owner -> revocations
        .refreshRevoked(owner.userId(), owner.sinceMs())
        .compose(revoked -> revoked ? Future.failedFuture(signedOut())
            : accounts.findById(owner.userId()))
        .compose(found -> {
          Account account = found.filter(Account::active).orElseThrow(() -> signedOut());
          return tokens.rotate(refreshToken, principalOf(account), readAt);
        }));
  }

  /**
   * Refuses the caller's access tokens issued so far and ends the refresh token's family if
   * it is the caller's (someone else's token is ignored: a logout must not sign out another
   * person). The caller's other devices keep their refresh tokens: their next request
   * answers 401 and their own refresh token gets them a new access token.
   */
  public Future<Void> logout(long callerId, String refreshToken) {
    Future<Void> family = refreshToken == null ? Future.succeededFuture()
        : tokens.ownerOf(refreshToken)
            .compose(owner -> owner.userId() == callerId ? tokens.revoke(refreshToken)
                : Future.<Void>succeededFuture())
            .recover(e -> e instanceof ApiException ? Future.succeededFuture()
                : Future.failedFuture(e));
    return family.compose(v -> revocations.revokeAccess(callerId, "logout")).mapEmpty();
  }

  /**
   * Wrong old passwords count towards the lock-out like failed logins: a stolen access token
   * must not be a way to guess the password without limit.
   */
  public Future<JsonObject> changePassword(long userId, String oldPassword, String newPassword,
      String address) {
    return accounts.findById(userId)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("账号不存在")))
        .compose(account -> throttle.checkNotLocked(account.idNumber(), address)
            .compose(v -> hashing.verify(oldPassword, account.passwordHash()))
            .compose(ok -> {
              if (!ok) {
                return throttle.recordFailure(account.idNumber(), address).compose(locked ->
                    Future.failedFuture(locked ? throttle.lockedOut()
                        : ApiException.invalidField("oldPassword", "bad_credentials",
                            "原密码不正确")));
              }
              if (oldPassword.equals(newPassword)) {
                return Future.failedFuture(ApiException.invalidField("newPassword",
                    "weak_password", "新密码不能与原密码相同"));
              }
              PasswordPolicy.check(newPassword, account.idNumber());
              return hashing.hash(newPassword);
            })
            .compose(hash -> accounts.updatePassword(userId, hash))
            // Whoever knew the old password is signed out; this device gets a new pair,
            // issued just after the revocation's moment so that it alone survives it.
            .compose(v -> revocations.revokeEverywhere(userId, "password_changed"))
            .compose(at -> accounts.findById(userId)
                .compose(updated -> issueFor(updated.orElseThrow(), at + 1))));
  }

  /**
   * Issues a token pair for an account whose identity was proven another way (a bound
   * WeChat openid) at {@code provenAtMs}. Fails with 401 when the account is missing or not
   * active, or was signed out everywhere after that proof.
   */
  public Future<JsonObject> loginAs(long accountId, long provenAtMs) {
    return revocations.refreshRevoked(accountId, provenAtMs).compose(revoked -> {
      if (revoked) {
        return Future.failedFuture(ApiException.unauthorized("signed_out",
            "账号已在别处修改密码或被重置，请重新登录"));
      }
      long readAt = System.currentTimeMillis();
      return accounts.findById(accountId).compose(found -> found.filter(Account::active)
          .map(account -> issueFor(account, readAt))
          .orElseGet(() -> Future.failedFuture(
              ApiException.unauthorized("bad_credentials", "账号不存在或未启用"))));
    });
  }

  private static ApiException signedOut() {
    return ApiException.unauthorized("invalid_refresh_token", "登录状态已失效，请重新登录");
  }

  public Principal principalOf(Account account) {
    String scope = orgs.find(account.orgId()).map(OrgUnit::path).orElse("/none/");
    return new Principal(account.id(), account.name(), account.roles(), account.orgId(), scope,
        account.mustChangePassword());
  }

  private Future<JsonObject> succeed(Account account, String address, long readAtMs) {
    LOG.info("event=login_ok user={} id={} addr={}", account.id(),
        IdNumber.maskForLog(account.idNumber()), address);
    return throttle.recordSuccess(account.idNumber())
        .compose(v -> issueFor(account, readAtMs));
  }

  private Future<JsonObject> issueFor(Account account, long readAtMs) {
    Principal principal = principalOf(account);
    return tokens.issue(principal, readAtMs).compose(pair -> accounts.profile(account.id(),
            account.roles())
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
