'use client';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import {
  ColumnsPanelTrigger,
  type GridDensity,
  gridDensitySelector,
  Toolbar,
  ToolbarButton,
  useGridApiContext,
  useGridRootProps,
  useGridSelector,
} from '@mui/x-data-grid';
import { useId, useState } from 'react';

declare module '@mui/x-data-grid' {
  interface ToolbarPropsOverrides {
    /** The server's export of the whole search (not only the page the grid holds), one link per format. */
    exportLinks?: { csv: string; xlsx: string };
  }
}

const DENSITIES = [
  ['compact', 'toolbarDensityCompact', 'densityCompactIcon'],
  ['standard', 'toolbarDensityStandard', 'densityStandardIcon'],
  ['comfortable', 'toolbarDensityComfortable', 'densityComfortableIcon'],
] as const;

/**
 * The toolbar of the searches on the Data Grid: column chooser, density and, when the page gives its
 * export route, the export of the whole search. The grid's own CSV export only knows the rows on this
 * page, so the export menu links to the server's streamed export instead. Texts come from the grid's
 * locale (frFR in French).
 */
export function SearchGridToolbar({ exportLinks }: { exportLinks?: { csv: string; xlsx: string } }) {
  const apiRef = useGridApiContext();
  const rootProps = useGridRootProps();
  const density = useGridSelector(apiRef, gridDensitySelector);
  const [menu, setMenu] = useState<{ kind: 'density' | 'export'; anchor: HTMLElement } | null>(null);
  const densityId = useId();
  const exportId = useId();
  const text = (key: Parameters<typeof apiRef.current.getLocaleText>[0]) =>
    String(apiRef.current.getLocaleText(key));
  const CurrentDensityIcon =
    rootProps.slots[DENSITIES.find(([d]) => d === density)?.[2] ?? 'densityStandardIcon'];
  const ExportIcon = rootProps.slots.exportIcon;
  const ColumnsIcon = rootProps.slots.columnSelectorIcon;
  const close = () => setMenu(null);
  return (
    <Toolbar>
      <Tooltip title={text('toolbarColumns')}>
        <ColumnsPanelTrigger render={<ToolbarButton aria-label={text('toolbarColumnsLabel')} />}>
          <ColumnsIcon fontSize="small" />
        </ColumnsPanelTrigger>
      </Tooltip>
      <Tooltip title={text('toolbarDensity')}>
        <ToolbarButton
          aria-label={text('toolbarDensityLabel')}
          aria-haspopup="menu"
          aria-controls={menu?.kind === 'density' ? densityId : undefined}
          aria-expanded={menu?.kind === 'density' ? 'true' : undefined}
          onClick={(e) => setMenu({ kind: 'density', anchor: e.currentTarget })}
        >
          <CurrentDensityIcon fontSize="small" />
        </ToolbarButton>
      </Tooltip>
      <Menu
        id={densityId}
        anchorEl={menu?.kind === 'density' ? menu.anchor : null}
        open={menu?.kind === 'density'}
        onClose={close}
      >
        {DENSITIES.map(([value, label, icon]) => {
          const Icon = rootProps.slots[icon];
          return (
            <MenuItem
              key={value}
              selected={density === value}
              onClick={() => {
                apiRef.current.setDensity(value as GridDensity);
                close();
              }}
            >
              <ListItemIcon>
                <Icon fontSize="small" />
              </ListItemIcon>
              <ListItemText>{text(label)}</ListItemText>
            </MenuItem>
          );
        })}
      </Menu>
      {exportLinks && (
        <>
          <Tooltip title={text('toolbarExport')}>
            <ToolbarButton
              aria-label={text('toolbarExportLabel')}
              aria-haspopup="menu"
              aria-controls={menu?.kind === 'export' ? exportId : undefined}
              aria-expanded={menu?.kind === 'export' ? 'true' : undefined}
              onClick={(e) => setMenu({ kind: 'export', anchor: e.currentTarget })}
            >
              <ExportIcon fontSize="small" />
            </ToolbarButton>
          </Tooltip>
          <Menu
            id={exportId}
            anchorEl={menu?.kind === 'export' ? menu.anchor : null}
            open={menu?.kind === 'export'}
            onClose={close}
          >
            {/* Plain links: the browser downloads what the server streams. */}
            <MenuItem component="a" href={exportLinks.csv} download onClick={close}>
              {text('toolbarExportCSV')}
            </MenuItem>
            <MenuItem component="a" href={exportLinks.xlsx} download onClick={close}>
              {text('toolbarExportExcel')}
            </MenuItem>
          </Menu>
        </>
      )}
    </Toolbar>
  );
}
