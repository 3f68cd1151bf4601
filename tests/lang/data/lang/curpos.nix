# data: __curPos inside an imported file
{
  pos = __curPos;
}
