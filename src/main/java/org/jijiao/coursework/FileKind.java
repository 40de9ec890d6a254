package org.jijiao.coursework;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * What an uploaded file really is, judged by its content, never by its name or the type the
 * browser claims: PDF, JPEG, PNG, or a Word document (a zip holding word/document.xml).
 * Blocking (reads the file): call it on a worker.
 */
public enum FileKind {
  PDF("application/pdf", "pdf"),
  JPEG("image/jpeg", "jpg"),
  PNG("image/png", "png"),
  DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");

  private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};
  private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static final byte[] ZIP_MAGIC = {'P', 'K', 0x03, 0x04};

  private final String mediaType;
  private final String extension;

  FileKind(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  public String mediaType() {
    return mediaType;
  }

  public String extension() {
    return extension;
  }

  public static Optional<FileKind> sniff(Path file) {
    byte[] head = new byte[8];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return Optional.empty();
    }
    byte[] start = Arrays.copyOf(head, read);
    if (startsWith(start, PDF_MAGIC)) {
      return Optional.of(PDF);
    }
    if (startsWith(start, JPEG_MAGIC)) {
      return Optional.of(JPEG);
    }
    if (startsWith(start, PNG_MAGIC)) {
      return Optional.of(PNG);
    }
    if (startsWith(start, ZIP_MAGIC) && isWordDocument(file)) {
      return Optional.of(DOCX);
    }
    return Optional.empty();
  }

  private static boolean isWordDocument(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry("word/document.xml") != null
          && zip.getEntry("[Content_Types].xml") != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    return data.length >= prefix.length
        && Arrays.equals(Arrays.copyOf(data, prefix.length), prefix);
  }
}
