/**
 * The Windows part of preflight: {@link dev.portcullis.windows.preflight.WindowsPreflight}, a
 * {@link dev.portcullis.preflight.PreflightContributor} that reads everything the checks need on a
 * Windows host in one generated PowerShell script.
 */
package dev.portcullis.windows.preflight;
