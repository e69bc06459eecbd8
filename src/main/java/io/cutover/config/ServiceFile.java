package io.cutover.config;

import java.nio.file.attribute.FileTime;

/**
 * One {@code *.yaml} of the services folder as read in one reload.
 *
 * @param file the file as problems name it, e.g. {@code services/web.yaml}
 * @param service the service it describes: its base name
 * @param modified orders new files, so that of two route claims the older file wins
 */
record ServiceFile(String file, String service, FileTime modified, ParseResult result) {}
