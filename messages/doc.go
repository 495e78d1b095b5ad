// Package messages is the catalogue of what the library says to people, in
// simplified Chinese (zh-CN) and English: a message for every error code a
// package of the module declares, and a template for every explanation a
// package returns as a shopkit.Text (membership's Evaluation.WhyText).
//
// For gives an error's message in a language, with the fields, state or action
// the error carries; Code gives a bare code's message (the code of an error's
// JSON form, shopkit.ErrorJSON); Text renders an explanation. Values are
// formatted as a reader in China expects them: amounts as ¥12.34, dates as
// 2026年12月4日 (4 Dec 2026), instants in Asia/Shanghai as 2026年12月4日 20:58
// (4 Dec 2026 20:58 CST), durations as 48小时 (48 h).
//
// A test of the package parses the module's source and fails when a declared
// code or explanation key lacks either language, or when the catalogue holds an
// entry for one that no longer exists.
package messages
