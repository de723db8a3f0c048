/**
 * Helpers the model and the backends share but users should not call: collecting problems under a
 * field path ({@link dev.portcullis.internal.Problems}), the strict alphabets every user string is
 * checked against ({@link dev.portcullis.internal.Text}), reading a small user-named file safely
 * ({@link dev.portcullis.internal.SmallFile}) and stable JSON output
 * ({@link dev.portcullis.internal.PrettyJson}). Nothing here is a supported API: it may change in
 * any release.
 */
package dev.portcullis.internal;
