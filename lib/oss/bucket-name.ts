/** OSS's rule for bucket names: 3-63 of a-z, 0-9 and "-", starting and ending with a letter or digit. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
