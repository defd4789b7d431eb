/**
 * ADF v1 expressions and dataset partitions, evaluated per slice.
 *
 * <ul>
 *   <li>{@link dev.adf.activities.expression.Expressions}: the entry point. {@code $$} property
 *       values ({@code $$Text.Format('{0:yyyy/MM/dd}', SliceStart)}) and input dependency
 *       expressions ({@code Date.AddDays(SliceStart, -1)}) are parsed and type-checked once into an
 *       {@link dev.adf.activities.expression.Expression}, then evaluated against {@link
 *       dev.adf.activities.expression.SliceVariables}; {@code resolve} evaluates every {@code $$}
 *       value of an activity's typeProperties.
 *   <li>{@link dev.adf.activities.expression.PartitionedBy}: {@code {Year}} tokens of folderPath
 *       and fileName.
 *   <li>{@link dev.adf.activities.expression.DotNetDateFormat} and {@link
 *       dev.adf.activities.expression.DotNetNumberFormat}: .NET invariant-culture format strings,
 *       which ADF v1 exposed unchanged.
 *   <li>{@link dev.adf.activities.expression.ExpressionException}: the one error type, with text,
 *       1-based column and advice.
 * </ul>
 *
 * All date-times are UTC {@link java.time.Instant}s within .NET's DateTime range (years 0001 to
 * 9999). Nothing here reads the clock.
 */
package dev.adf.activities.expression;
