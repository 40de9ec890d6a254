package org.jijiao.identity;

import org.jijiao.common.ApiException;
import org.jijiao.common.Text;

/**
 * Password rules: 8 to 64 characters, at least three of lower case, upper case, digits and
 * symbols, and not the account's own ID number or its last six digits (the classic default).
 */
public final class PasswordPolicy {

  private PasswordPolicy() {
  }

  public static void check(String password, String idNumber) {
    int length = Text.length(password);
    if (length < 8 || length > 64) {
      throw ApiException.invalidField("newPassword", "weak_password", "密码长度应为 8 到 64 位");
    }
    int classes = 0;
    classes += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
    classes += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
    classes += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
    classes += password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
    if (classes < 3) {
      throw ApiException.invalidField("newPassword", "weak_password",
          "密码需包含大写字母、小写字母、数字、符号中的至少三类");
    }
    String upper = password.toUpperCase(java.util.Locale.ROOT);
    if (upper.contains(idNumber) || upper.contains(idNumber.substring(12))) {
      throw ApiException.invalidField("newPassword", "weak_password", "密码不能包含身份证号");
    }
  }
}
