/** The host facts the Windows module contributes ({@link dev.portcullis.windows.facts.WindowsFacts}). */
package dev.portcullis.windows.facts;
