import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';

export default function NotFound() {
  return (
    <Box component="main" sx={{ p: 6, maxWidth: 560, mx: 'auto', textAlign: 'center' }}>
      <Typography variant="h4" component="h1" gutterBottom>
        Not found
      </Typography>
      <Typography sx={{ mb: 3 }}>This page does not exist, or you do not have access to it.</Typography>
      <Button variant="contained" href="/">
        Go to my home page
      </Button>
    </Box>
  );
}
