import { useVirtualizer } from "@tanstack/react-virtual";
import { Fragment, useRef } from "react";
import type { CSSProperties, HTMLAttributes, KeyboardEvent, ReactNode } from "react";

export type ColumnAlign = "left" | "right" | "center";

export type Column<Row> = {
  /** Unique among the columns; React's key for the header and each cell. */
  key: string;
  header: ReactNode;
  /** Read by screen readers when the visible header is empty (e.g. a column of buttons). */
  srHeader?: string;
  cell: (row: Row, index: number) => ReactNode;
  align?: ColumnAlign;
  /** Extra classes for the header cell (a width such as `w-24`, `whitespace-nowrap`). */
  headerClassName?: string;
  /** Extra classes for every body cell of the column (text colour, truncation, width). */
  className?: string;
  /** Cell attributes that depend on the row (`title`, `data-*`). */
  cellProps?: (row: Row) => HTMLAttributes<HTMLTableCellElement> & DataAttributes;
};

/** `data-*` attributes the end-to-end tests select on. */
export type DataAttributes = { [name: `data-${string}`]: string | number | boolean | null | undefined };

export type RowProps = Omit<HTMLAttributes<HTMLTableRowElement>, "onClick" | "onKeyDown"> & DataAttributes & { style?: CSSProperties };

/** Vertical padding of the cells: log-like lists are compact, lists of things to act on roomier. */
export type TableDensity = "compact" | "normal" | "relaxed";

type DataTableProps<Row> = {
  /** `false`/`null` entries are columns left out (e.g. one that only some states show). */
  columns: readonly (Column<Row> | false | null | undefined)[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  /** Per-row attributes: `data-*` for tests, a class or a style (e.g. a severity edge). */
  rowProps?: (row: Row) => RowProps;
  /** Makes rows focusable and clickable (Enter too). */
  onRowClick?: (row: Row) => void;
  isRowSelected?: (row: Row) => boolean;
  /** A full-width row under the row (e.g. its members when expanded); null shows nothing. */
  expandedRow?: (row: Row) => ReactNode;
  /** Shown in one full-width row when there are no rows; without it an empty table shows only headers. */
  empty?: ReactNode;
  density?: TableDensity;
  /** Cells align to the top (multi-line cells) unless told otherwise (rows of buttons). */
  verticalAlign?: "top" | "middle";
  /** The header stays visible while a scrolling panel scrolls the body. */
  stickyHeader?: boolean;
  /** Wraps the table so wide content scrolls sideways instead of widening the page. */
  scrollX?: boolean;
  testId?: string;
  className?: string;
  /**
   * For long lists (thousands of rows): the table scrolls inside a box this many pixels high and
   * only the rows in view (and a few more) are in the DOM. Rows may differ in height; they are measured.
   */
  virtual?: { maxHeight: number; estimatedRowHeight: number };
};

const PADDING_Y: Record<TableDensity, string> = { compact: "py-1.5", normal: "py-2", relaxed: "py-2.5" };
const ALIGN: Record<ColumnAlign, string> = { left: "", right: "text-right", center: "text-center" };

/** Horizontal padding: the outer columns line up with the panel's own padding. */
function edgePadding(index: number, count: number): string {
  if (count === 1) return "px-4";
  if (index === 0) return "pl-4 pr-3";
  if (index === count - 1) return "pl-3 pr-4";
  return "px-3";
}

const join = (...classes: (string | false | null | undefined)[]) => classes.filter(Boolean).join(" ");

/**
 * The one table of the dashboard: uppercase muted headers, thin row dividers, outer columns
 * aligned with the panel. Columns say what they show; rows carry their own `data-*` attributes.
 */
export function DataTable<Row>(props: DataTableProps<Row>) {
  return props.virtual ? <VirtualDataTable {...props} virtual={props.virtual} /> : <PlainDataTable {...props} />;
}

type Shared<Row> = {
  shown: Column<Row>[];
  paddingY: string;
  valign: string;
};

function prepare<Row>({ columns, density = "compact", verticalAlign = "top" }: DataTableProps<Row>): Shared<Row> {
  return {
    shown: columns.filter((column): column is Column<Row> => Boolean(column)),
    paddingY: PADDING_Y[density],
    valign: verticalAlign === "top" ? "align-top" : "align-middle",
  };
}

function TableHead<Row>({ shown, paddingY, sticky }: { shown: Column<Row>[]; paddingY: string; sticky: boolean }) {
  return (
    <thead className={join("text-left text-xs tracking-wide text-zinc-400 uppercase", sticky && "sticky top-0 z-10 bg-zinc-900")}>
      <tr className="border-b border-zinc-800">
        {shown.map((column, index) => (
          <th
            key={column.key}
            scope="col"
            className={join(edgePadding(index, shown.length), paddingY, "align-top font-medium", ALIGN[column.align ?? "left"], column.headerClassName)}
          >
            {column.header}
            {column.srHeader && <span className="sr-only">{column.srHeader}</span>}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** One row (and its expanded row, if any): the same markup in the plain and the virtual table. */
function renderRow<Row>(props: DataTableProps<Row>, shared: Shared<Row>, row: Row, rowIndex: number): ReactNode {
  const { rowProps, onRowClick, isRowSelected, expandedRow } = props;
  const { shown, paddingY, valign } = shared;
  const { className: rowClassName, ...rest } = rowProps?.(row) ?? {};
  const selected = isRowSelected?.(row) ?? false;
  const interactive = onRowClick
    ? {
        onClick: () => onRowClick(row),
        onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>) => {
          if (event.key === "Enter") onRowClick(row);
        },
        tabIndex: 0,
        "aria-selected": selected,
      }
    : {};
  const expanded = expandedRow?.(row);
  return (
    <Fragment key={props.rowKey(row)}>
      <tr
        {...rest}
        {...interactive}
        className={join(
          onRowClick && "cursor-pointer outline-none focus-visible:bg-zinc-800/50",
          selected ? "bg-zinc-800/60" : onRowClick && "hover:bg-zinc-800/30",
          rowClassName,
        )}
      >
        {shown.map((column, index) => {
          const { className: cellClassName, ...cellRest } = column.cellProps?.(row) ?? {};
          return (
            <td
              key={column.key}
              {...cellRest}
              className={join(edgePadding(index, shown.length), paddingY, valign, ALIGN[column.align ?? "left"], column.className, cellClassName)}
            >
              {column.cell(row, rowIndex)}
            </td>
          );
        })}
      </tr>
      {expanded && (
        <tr className="bg-zinc-950/40">
          <td colSpan={shown.length} className="px-10 py-2.5">
            {expanded}
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function EmptyRow<Row>({ shared, empty }: { shared: Shared<Row>; empty: ReactNode }) {
  return (
    <tr>
      <td colSpan={shared.shown.length} className={join("px-4", shared.paddingY, "text-center text-zinc-400")}>
        {empty}
      </td>
    </tr>
  );
}

/**
 * The one table of the dashboard: uppercase muted headers, thin row dividers, outer columns
 * aligned with the panel. Columns say what they show; rows carry their own `data-*` attributes.
 */
function PlainDataTable<Row>(props: DataTableProps<Row>) {
  const { rows, empty, stickyHeader = false, scrollX = false, testId, className } = props;
  const shared = prepare(props);
  const table = (
    <table className={join("w-full text-sm", className)} data-testid={testId}>
      <TableHead shown={shared.shown} paddingY={shared.paddingY} sticky={stickyHeader} />
      <tbody className="divide-y divide-zinc-800/60">
        {rows.length === 0 && empty ? <EmptyRow shared={shared} empty={empty} /> : rows.map((row, rowIndex) => renderRow(props, shared, row, rowIndex))}
      </tbody>
    </table>
  );
  return scrollX ? <div className="overflow-x-auto">{table}</div> : table;
}

/**
 * The same table for thousands of rows: it scrolls in its own box and renders the rows in view.
 * Each row is a `<tbody>` of its own (a table may have many), measured, so an expanded row
 * moves the ones below it; spacer rows above and below keep the scrollbar true to the whole list.
 */
function VirtualDataTable<Row>(props: DataTableProps<Row> & { virtual: NonNullable<DataTableProps<Row>["virtual"]> }) {
  const { rows, empty, testId, className, virtual } = props;
  const shared = prepare(props);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => virtual.estimatedRowHeight,
    overscan: 8,
    getItemKey: (index) => props.rowKey(rows[index]),
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const spacer = (height: number, key: string) =>
    height > 0 ? (
      <tbody key={key} aria-hidden>
        <tr style={{ height }}>
          <td colSpan={shared.shown.length} className="p-0" />
        </tr>
      </tbody>
    ) : null;
  return (
    <div ref={scrollRef} className="overflow-auto" style={{ maxHeight: virtual.maxHeight }}>
      <table className={join("w-full text-sm", className)} data-testid={testId} aria-rowcount={rows.length}>
        <TableHead shown={shared.shown} paddingY={shared.paddingY} sticky />
        {rows.length === 0 && empty ? (
          <tbody>
            <EmptyRow shared={shared} empty={empty} />
          </tbody>
        ) : (
          <>
            {spacer(before, "before")}
            {items.map((item) => (
              <tbody key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="border-b border-zinc-800/60">
                {renderRow(props, shared, rows[item.index], item.index)}
              </tbody>
            ))}
            {spacer(after, "after")}
          </>
        )}
      </table>
    </div>
  );
}
