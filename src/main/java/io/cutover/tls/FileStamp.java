package io.cutover.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What tells a rewritten file from the one read: its modification time and size. */
record FileStamp(long modifiedMillis, long size) {
  static final FileStamp MISSING = new FileStamp(-1, -1);

  static FileStamp of(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileStamp(attributes.lastModifiedTime().toMillis(), attributes.size());
    } catch (IOException e) {
      return MISSING;
    }
  }
}
