package org.jijiao.org;

/** A node of the city → district → school tree, with its materialised path. */
public record OrgUnit(long id, Long parentId, String kind, String code, String name, String path,
    Long districtId, String stageCode) {

  public boolean isWithin(String scopePath) {
    return path.startsWith(scopePath);
  }
}
