$ ScenarioWizard 3.0
Solution set
 2 

" 1 3 2 1 3 3 1 1 3 1",0,0,0,38,""
" 1 3 2 3 3 3 1 1 3 1",0,0,0,40,""
