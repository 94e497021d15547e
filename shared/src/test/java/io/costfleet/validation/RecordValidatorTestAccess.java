package io.costfleet.validation;

import jakarta.validation.Path;
import java.util.Iterator;
import java.util.List;

final class RecordValidatorTestAccess {
  private RecordValidatorTestAccess() {}

  static String focusName(String property) {
    Path.Node node = new Path.Node() {
      @Override public String getName() { return property; }
      @Override public boolean isInIterable() { return false; }
      @Override public Integer getIndex() { return null; }
      @Override public Object getKey() { return null; }
      @Override public jakarta.validation.ElementKind getKind() { return jakarta.validation.ElementKind.PROPERTY; }
      @Override public <T extends Path.Node> T as(Class<T> nodeType) { return nodeType.cast(this); }
    };
    Path path = new Path() {
      @Override public Iterator<Node> iterator() { return List.<Node>of(node).iterator(); }
    };
    return RecordValidator.focusName(path);
  }
}
